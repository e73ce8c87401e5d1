/* Force-included into the HCL grammar's external scanner (grammars/CMakeLists.txt). The scanner
 * calls malloc/calloc/realloc/free directly; these macros send its blocks through tree-sitter's
 * allocator instead, which seslint replaces (linter/parse/ts_memory.cpp). Its blocks are then
 * counted against the per-parse limit and freed with the rest when a parse runs out of memory. */
#ifndef SESLINT_SCANNER_ALLOC_H
#define SESLINT_SCANNER_ALLOC_H
#include <stdlib.h>
#define TREE_SITTER_REUSE_ALLOCATOR
#include "tree_sitter/alloc.h"
#define malloc(n) ts_malloc(n)
#define calloc(n, s) ts_calloc(n, s)
#define realloc(p, n) ts_realloc(p, n)
#define free(p) ts_free(p)
#endif
