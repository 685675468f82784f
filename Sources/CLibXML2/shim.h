#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
/* Debian builds libxml2 with ICU, so <libxml/encoding.h> pulls in ICU's own headers, which
   clash with the copy of ICU inside Foundation. Nothing here uses libxml2's ICU converter
   (only pointers to the encoding handler), so its declarations are left out. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#endif
