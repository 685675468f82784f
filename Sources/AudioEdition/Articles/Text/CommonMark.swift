import CCmarkGFM
import Foundation

/// A Markdown document as cmark-gfm parses it (CommonMark, with GitHub's tables,
/// strikethrough and autolinks): the one owner of its node tree, freed in `deinit`, and the
/// only file that imports `CCmarkGFM`.
///
/// What is read is what the HTML reader reads of the same page: headings, paragraphs, block
/// quotes and list items, with entities decoded, emphasis, strikethrough and code spans as
/// their text, links as their text, and images, raw HTML, code blocks, tables, rules and
/// footnotes left out.
final class CommonMarkDocument {
    /// A block to read, its inline markup gone.
    struct Block: Equatable {
        enum Kind: Equatable { case heading(level: Int), paragraph, quote, listItem }
        var kind: Kind
        var text: String
    }

    private let root: OpaquePointer

    /// Parses `text`; nil only when cmark-gfm cannot allocate.
    init?(_ text: String) {
        cmark_gfm_core_extensions_ensure_registered()
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return nil }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink"] {
            if let extensionSyntax = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, extensionSyntax) }
        }
        var utf8 = Array(text.utf8)
        utf8.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { cmark_parser_feed(parser, UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self), buffer.count) }
        }
        guard let root = cmark_parser_finish(parser) else { return nil }
        self.root = root
    }

    deinit { cmark_node_free(root) }

    /// The blocks in document order. The walk is cmark's iterator, not recursion, so a
    /// thousand nested quotes cost no stack.
    func blocks() -> [Block] {
        guard let iterator = cmark_iter_new(root) else { return [] }
        defer { cmark_iter_free(iterator) }
        enum Container { case quote, item, other }
        var containers: [Container] = []
        var blocks: [Block] = []
        var inline = ""
        var item = ""
        func emitItem() {
            let text = PlainText.collapse(item)
            if !text.isEmpty { blocks.append(Block(kind: .listItem, text: text)) }
            item = ""
        }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
            let entering = event == CMARK_EVENT_ENTER
            switch type {
            case "block_quote":
                if entering { containers.append(.quote) } else { containers.removeLast() }
            case "item":
                if entering { containers.append(.item) } else { emitItem(); containers.removeLast() }
            case "list":
                // A list inside an item: the item's own text comes before its sub-items.
                if entering, containers.last == .item { emitItem() }
                if entering { containers.append(.other) } else { containers.removeLast() }
            case "paragraph", "heading":
                if entering { inline = ""; continue }
                let text = PlainText.collapse(inline)
                if type == "heading" {
                    blocks.append(Block(kind: .heading(level: Int(cmark_node_get_heading_level(node))), text: text))
                } else if containers.last == .item {
                    item += (item.isEmpty ? "" : " ") + text
                } else if !text.isEmpty {
                    blocks.append(Block(kind: containers.contains(.quote) ? .quote : .paragraph, text: text))
                }
            case "text", "code":
                if entering, let literal = cmark_node_get_literal(node) { inline += String(cString: literal) }
            case "softbreak", "linebreak":
                if entering { inline += " " }
            case "code_block", "html_block", "thematic_break", "table", "footnote_definition", "image", "html_inline",
                 "footnote_reference":
                // Not read: their whole subtree is passed over.
                if entering { cmark_iter_reset(iterator, node, CMARK_EVENT_EXIT) }
            default:
                break  // document, emphasis, strong, links, strikethrough: their text is read inside them
            }
        }
        return blocks
    }
}
