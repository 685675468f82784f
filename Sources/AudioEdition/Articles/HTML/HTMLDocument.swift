import CLibXML2
import Foundation

/// An HTML element as a plain Swift value: lowercased tag name, attributes, children.
public final class HTMLElement: @unchecked Sendable {
    public internal(set) var name: String
    public let attributes: [String: String]
    public internal(set) var children: [HTMLNode] = []
    /// The line it starts on in the source, for messages (0 when unknown).
    public let line: Int
    /// In XML, the element's namespace URI (nil: none); prefixes are the document's choice,
    /// so namespaced elements are told apart by this and `localName`.
    public let namespace: String?

    init(name: String, attributes: [String: String], line: Int = 0, namespace: String? = nil) {
        self.name = name
        self.attributes = attributes
        self.line = line
        self.namespace = namespace
    }

    /// The name without its prefix: "encoded" for "content:encoded".
    public var localName: Substring { name.split(separator: ":", maxSplits: 1).last ?? Substring(name) }

    public subscript(attribute: String) -> String? { attributes[attribute] }
}

public enum HTMLNode: Sendable {
    case element(HTMLElement)
    case text(String)
}

/// The only user of libxml2: parses a page with its forgiving HTML parser and copies the tree
/// into `HTMLElement` values, so no libxml2 pointer leaves this file.
///
/// libxml2 honours the page's declared charset (`<meta charset>`, `http-equiv`), including
/// Windows-1252, and decodes entities. It never touches the network. The copied tree is at
/// most `maxDepth` elements deep: text nested deeper is kept, flattened into the element at
/// that depth, so a 100,000-deep page costs neither stack nor time.
final class HTMLDocument {
    static let maxDepth = 160
    private static let blocks: Set<String> = ["p", "div", "br", "li", "tr", "td", "h1", "h2", "h3", "h4", "h5", "h6",
                                              "section", "article", "blockquote", "ul", "ol"]

    private let document: htmlDocPtr
    /// libxml2's message when it gave up before the end of the page (a fatal error, such
    /// as nesting past its depth limit); the tree holds what came before.
    let stoppedEarly: String?

    private static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    /// Parses `bytes` as HTML, or with `xml` as XML (a feed); `path` names the file in
    /// errors. A document libxml2 cannot make anything of is an error carrying libxml2's
    /// own message. XML is read without fetching or expanding external entities. `strict` XML
    /// (a lexicon) is refused at its first error, with the line libxml2 gives.
    /// `charset` is the one the server named, which comes before the page's own declaration.
    init(bytes: [UInt8], path: String, xml: Bool = false, strict: Bool = false, charset: String? = nil) throws(ArticleError) {
        _ = Self.initialised
        let format = xml ? "XML" : "HTML"
        let forgiving = strict ? 0 : XML_PARSE_RECOVER.rawValue
        let options = xml
            ? Int32(forgiving | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                | XML_PARSE_NONET.rawValue | XML_PARSE_COMPACT.rawValue | XML_PARSE_NOCDATA.rawValue)
            : Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        guard let context = xml ? xmlNewParserCtxt() : htmlNewParserCtxt() else {
            throw ArticleError(path: path, problem: .malformed(format: format, reason: "libxml2 could not make a parser"))
        }
        defer { xml ? xmlFreeParserCtxt(context) : htmlFreeParserCtxt(context) }
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    xml ? xmlCtxtReadMemory(context, $0, Int32(buffer.count), path, nil, options)
                        : htmlCtxtReadMemory(context, $0, Int32(buffer.count), path, Self.forcedEncoding(bytes, served: charset), options)
                }
            }
        }
        let error = context.pointee.lastError
        let message = error.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
        guard let parsed, !(strict && error.level.rawValue >= XML_ERR_ERROR.rawValue) else {
            if let parsed { xmlFreeDoc(parsed) }
            throw ArticleError(path: path, problem: .malformed(format: format, reason: message ?? "libxml2 could not parse it"),
                               line: strict ? Int(error.line) : nil)
        }
        document = parsed
        stoppedEarly = error.level == XML_ERR_FATAL ? message : nil
    }

    deinit { xmlFreeDoc(document) }

    /// The encoding to read a page in, whatever it declares, when its bytes settle it: a
    /// byte-order mark is left to libxml2, and bytes that are valid UTF-8 are UTF-8, since
    /// pages that declare Windows-1252 or GB2312 and are UTF-8 are common and the reverse
    /// (legacy text that happens to be valid UTF-8) all but unknown. Otherwise a declared
    /// charset is honoured, and a page that declares none is Windows-1252, as browsers
    /// assume; libxml2's own default, ISO-8859-1, turns "£" into "Â£". A charset the server
    /// `served` the page with comes before the page's declaration, as in a browser.
    static func forcedEncoding(_ bytes: [UInt8], served: String? = nil) -> String? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) || bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return nil }
        if String(validating: bytes, as: UTF8.self) != nil { return "UTF-8" }
        // Labels are read as the WHATWG Encoding Standard reads them (so a page served as
        // Latin-1 or ASCII is Windows-1252, and one labelled x-sjis is Shift_JIS), and libxml2
        // is given iconv's name for the encoding. A label the standard does not know is passed
        // over, as browsers pass it over.
        if let served, let converter = Charset.labelled(served)?.converter { return converter }
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self).lowercased()
        if let declared = declaredCharset(head), let charset = Charset.labelled(declared), charset.name != "UTF-8",
           let converter = charset.converter {
            // A page cannot declare itself UTF-16 in ASCII: the standard reads that as UTF-8.
            return charset.name.hasPrefix("UTF-16") ? "UTF-8" : converter
        }
        if head.contains("charset") || head.hasPrefix("<?xml") { return nil }
        return "CP1252"
    }

    /// The label in the page's `<meta charset>` or `<meta http-equiv content="…; charset=…">`.
    static func declaredCharset(_ head: String) -> String? {
        var rest = head[...]
        while let meta = rest.range(of: "<meta") {
            let tag = rest[meta.upperBound...].prefix { $0 != ">" }
            if let key = tag.range(of: "charset") {
                var value = tag[key.upperBound...].drop { $0 == " " || $0 == "\t" }
                guard value.first == "=" else { rest = rest[meta.upperBound...]; continue }
                value = value.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" }
                let label = value.prefix { !" \t\"';/>".contains($0) }
                if !label.isEmpty { return String(label) }
            }
            rest = rest[meta.upperBound...]
        }
        return nil
    }

    /// The root element (`html`), copied; an empty `html` element when the page has none.
    func root() -> HTMLElement {
        let top = HTMLElement(name: "#document", attributes: [:])
        guard let first = document.pointee.children else { return top }
        // Walk the libxml2 tree in document order without recursion, keeping a stack of
        // the Swift elements being filled.
        var stack: [HTMLElement] = [top]
        var overflow = 0  // elements entered below maxDepth, whose text goes to stack.last
        var node: xmlNodePtr? = first
        while let current = node {
            var descend = false
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                if stack.count <= Self.maxDepth {
                    // Namespaced XML keeps its prefix: "content:encoded", "itunes:author".
                    let local = Self.string(current.pointee.name)
                    let name = current.pointee.ns?.pointee.prefix.map { String(cString: $0) + ":" + local } ?? local
                    let element = HTMLElement(name: name, attributes: Self.attributes(of: current), line: Int(xmlGetLineNo(current)),
                                              namespace: current.pointee.ns?.pointee.href.map { String(cString: $0) })
                    stack[stack.count - 1].children.append(.element(element))
                    stack.append(element)
                } else {
                    // Too deep to copy: its text goes to the deepest element copied, kept
                    // apart from the text before it when it is a block.
                    overflow += 1
                    if Self.blocks.contains(Self.string(current.pointee.name)) { stack[stack.count - 1].children.append(.text(" ")) }
                }
                descend = true
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content {
                    stack[stack.count - 1].children.append(.text(String(cString: content)))
                }
            default:
                break
            }
            if descend, let child = current.pointee.children {
                node = child
                continue
            }
            if descend { close(&stack, &overflow) }
            // Next sibling, or climb until an ancestor has one.
            var cursor: xmlNodePtr? = current
            node = nil
            while let at = cursor {
                if let next = at.pointee.next {
                    node = next
                    break
                }
                cursor = at.pointee.parent
                guard let parent = cursor, parent.pointee.type == XML_ELEMENT_NODE else { break }
                close(&stack, &overflow)
            }
        }
        if let html = top.children.lazy.compactMap({ if case let .element(e) = $0 { e } else { nil } }).first(where: { $0.name == "html" }) {
            return html
        }
        let html = HTMLElement(name: "html", attributes: [:])
        html.children = top.children
        return html
    }

    private func close(_ stack: inout [HTMLElement], _ overflow: inout Int) {
        if overflow > 0 { overflow -= 1 } else if stack.count > 1 { stack.removeLast() }
    }

    private static func attributes(of node: xmlNodePtr) -> [String: String] {
        var attributes: [String: String] = [:]
        var property = node.pointee.properties
        while let attribute = property {
            var value = ""
            var child = attribute.pointee.children
            while let text = child {
                if let content = text.pointee.content { value += String(cString: content) }
                child = text.pointee.next
            }
            attributes[string(attribute.pointee.name).lowercased()] = value
            property = attribute.pointee.next
        }
        return attributes
    }

    private static func string(_ name: UnsafePointer<xmlChar>?) -> String {
        name.map { String(cString: $0) } ?? ""
    }
}
