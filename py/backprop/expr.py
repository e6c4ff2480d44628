"""The expression language: a small, safe subset of Python arithmetic, checked before anything runs.

Allowed: numbers (int and float literals), variable names, ``+ - * / **``, unary ``+`` and ``-``, parentheses, the
functions ``sin cos exp log sqrt tanh sigmoid relu`` called with exactly one argument, and the constants ``pi`` and ``e``.
Anything else raises ExpressionError, whose message says what is not allowed and at which column (1-based, counted in
characters from the start of the text).

The text is parsed with the standard ``ast`` module and the tree is checked against that allowlist; it is never run by
Python. Cost is bounded up front, so no input can hang a page:

* at most MAX_LENGTH characters (checked first, so a 1 MB string is rejected without being read),
* brackets nested at most MAX_DEPTH deep (a linear scan, before the parser sees the text),
* at most MAX_NODES tree nodes and at most MAX_DEPTH levels of nesting in the tree (an explicit stack, no recursion),
* a constant exponent must satisfy |exponent| <= MAX_EXPONENT (so ``9**9**9`` is refused), and all arithmetic is float
  arithmetic, so no huge integer is ever built.
"""

from __future__ import annotations

import ast
import functools
import math
import warnings

from . import numerics
from .errors import ExpressionError
from .value import FUNCTION_OPS

__all__ = [
    "ExpressionError",
    "parse",
    "variables",
    "ALLOWED_FUNCTIONS",
    "CONSTANTS",
    "MAX_LENGTH",
    "MAX_NODES",
    "MAX_DEPTH",
    "MAX_EXPONENT",
]

ALLOWED_FUNCTIONS: tuple[str, ...] = FUNCTION_OPS  # the names an expression may call, each with one argument
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}  # the names that stand for a number
MAX_LENGTH = 2000
MAX_NODES = 500
MAX_DEPTH = 100
MAX_EXPONENT = 1000.0


_BINARY_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_FORBIDDEN_BINARY = {
    ast.FloorDiv: "floor division ('//') is not allowed",
    ast.Mod: "remainder ('%') is not allowed",
    ast.MatMult: "matrix multiplication ('@') is not allowed",
    ast.LShift: "shifts ('<<') are not allowed",
    ast.RShift: "shifts ('>>') are not allowed",
    ast.BitOr: "bitwise or ('|') is not allowed",
    ast.BitAnd: "bitwise and ('&') is not allowed",
    ast.BitXor: "bitwise xor ('^') is not allowed; for a power write '**'",
}
_FORBIDDEN_UNARY = {ast.Not: "'not'", ast.Invert: "bitwise not ('~')"}
_FORBIDDEN_NODES = {
    "Attribute": "attribute access ('.') is not allowed",
    "Subscript": "indexing ('[...]') is not allowed",
    "Slice": "slices (':') are not allowed",
    "Compare": "comparisons ('<', '==', ...) are not allowed",
    "BoolOp": "'and' / 'or' are not allowed",
    "IfExp": "conditional expressions ('... if ... else ...') are not allowed",
    "Lambda": "'lambda' is not allowed",
    "List": "lists ('[...]') are not allowed",
    "Tuple": "tuples (',') are not allowed",
    "Set": "sets ('{...}') are not allowed",
    "Dict": "dictionaries ('{...}') are not allowed",
    "ListComp": "comprehensions are not allowed",
    "SetComp": "comprehensions are not allowed",
    "DictComp": "comprehensions are not allowed",
    "GeneratorExp": "generator expressions are not allowed",
    "NamedExpr": "assignment (':=') is not allowed",
    "JoinedStr": "f-strings are not allowed",
    "FormattedValue": "f-strings are not allowed",
    "Starred": "unpacking ('*') is not allowed",
    "Await": "'await' is not allowed",
    "Yield": "'yield' is not allowed",
    "YieldFrom": "'yield from' is not allowed",
}
_FUNCTION_LIST = ", ".join(ALLOWED_FUNCTIONS)


class _Source:
    """Converts the parser's (line, UTF-8 byte offset) positions to 1-based character columns in the original text."""

    def __init__(self, text: str, shift: int) -> None:
        self.text = text  # the text given to ast.parse
        self.shift = shift  # characters stripped from the front of the original text
        self.starts = [0]
        self.lines: list[str] = []
        i, n = 0, len(text)
        start = 0
        while i < n:
            c = text[i]
            if c == "\n" or c == "\r":
                if c == "\r" and i + 1 < n and text[i + 1] == "\n":
                    i += 1
                self.lines.append(text[start:i + 1])
                start = i + 1
                self.starts.append(start)
            i += 1
        self.lines.append(text[start:])
        self.encoded = [line.encode("utf-8") for line in self.lines]

    def column(self, lineno: int | None, byte_offset: int | None) -> int | None:
        if lineno is None or byte_offset is None or not 1 <= lineno <= len(self.lines):
            return None
        line = self.lines[lineno - 1]
        chars = len(line.encode("utf-8")[:byte_offset].decode("utf-8", "ignore"))
        return self.shift + self.starts[lineno - 1] + chars + 1

    def char_column(self, lineno: int | None, char_offset: int | None) -> int | None:
        """For SyntaxError, whose offset is already 1-based characters."""
        if lineno is None or not 1 <= lineno <= len(self.lines):
            return None
        offset = max(1, min(char_offset or 1, len(self.lines[lineno - 1]) + 1))
        return self.shift + self.starts[lineno - 1] + offset

    def node_column(self, node: ast.AST) -> int | None:
        return self.column(getattr(node, "lineno", None), getattr(node, "col_offset", None))

    def column_of(self, symbol: str, after: ast.AST, default: ast.AST) -> int | None:
        """Column of the first `symbol` after the end of node `after` (e.g. the '.' of an attribute access)."""
        end_line, end_col = getattr(after, "end_lineno", None), getattr(after, "end_col_offset", None)
        if end_line is not None and end_col is not None and 1 <= end_line <= len(self.lines):
            line = self.lines[end_line - 1]
            prefix = len(line.encode("utf-8")[:end_col].decode("utf-8", "ignore"))
            pos = self.text.find(symbol, self.starts[end_line - 1] + prefix)
            if pos >= 0:
                return self.shift + pos + 1
        return self.node_column(default)

    def segment(self, node: ast.AST) -> str:
        """The source text of a node (like ast.get_source_segment, without re-splitting the text on every call)."""
        try:
            first, last = node.lineno - 1, node.end_lineno - 1  # type: ignore[attr-defined, operator]
            start, end = node.col_offset, node.end_col_offset  # type: ignore[attr-defined]
        except AttributeError:
            return ""
        if first == last:
            return self.encoded[first][start:end].decode("utf-8", "ignore")
        parts = [self.encoded[first][start:]] + self.encoded[first + 1:last] + [self.encoded[last][:end]]
        return b"".join(parts).decode("utf-8", "ignore")


class Parsed:
    """A validated expression: the tree, the source, and every node in pre-order (text order of the leaves)."""

    __slots__ = ("tree", "source", "nodes", "_shapes")

    def __init__(self, tree: ast.Expression, source: _Source, nodes: list[ast.expr]) -> None:
        self.tree = tree
        self.source = source
        self.nodes = nodes
        self._shapes: dict[int, str] = {}

    def shape(self, node: ast.expr) -> str:
        """The structure of one of this expression's nodes, without positions: equal for `3*x+2` and `(3*x + 2)`."""
        key = id(node)  # the node lives as long as this Parsed, which holds it
        if key not in self._shapes:
            self._shapes[key] = ast.dump(node)
        return self._shapes[key]

    def variables(self) -> list[str]:
        seen: dict[str, None] = {}
        for node in self.nodes:
            if isinstance(node, ast.Name) and node.id not in CONSTANTS:
                seen.setdefault(node.id, None)
        return list(seen)


def _check_brackets(text: str) -> None:
    depth = 0
    for i, c in enumerate(text):
        if c in "([{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ExpressionError(f"brackets are nested too deeply (more than {MAX_DEPTH} levels)", i + 1)
        elif c in ")]}":
            depth -= 1


def _operator_column(src: _Source, node: ast.BinOp) -> int | None:
    """Column of a binary operator: the first character after the left operand that is not a space or ')'."""
    end_line, end_col = getattr(node.left, "end_lineno", None), getattr(node.left, "end_col_offset", None)
    if end_line is not None and end_col is not None and 1 <= end_line <= len(src.lines):
        line = src.lines[end_line - 1]
        pos = src.starts[end_line - 1] + len(line.encode("utf-8")[:end_col].decode("utf-8", "ignore"))
        while pos < len(src.text) and src.text[pos] in " \t\r\n\f\\)":
            pos += 1
        return src.shift + pos + 1
    return src.node_column(node)


def _innermost_access(node: ast.expr) -> ast.expr:
    """In a chain like a.b[0].c(), the access written first (leftmost), so the error points at the first problem."""
    best, current = node, node
    while True:
        if isinstance(current, (ast.Attribute, ast.Subscript)):
            current = current.value
        elif isinstance(current, ast.Call):
            current = current.func
        else:
            return best
        if isinstance(current, (ast.Attribute, ast.Subscript)):
            best = current


def _children(node: ast.AST, src: _Source) -> tuple[ast.expr, ...]:
    """The sub-expressions of an allowed node; raises ExpressionError for anything outside the allowlist."""
    if isinstance(node, ast.BinOp):
        op = type(node.op)
        if op not in _BINARY_OPS:
            message = _FORBIDDEN_BINARY.get(op, f"the operator {op.__name__} is not allowed")
            raise ExpressionError(message, _operator_column(src, node))
        return (node.left, node.right)
    if isinstance(node, ast.Name):
        if node.id in ALLOWED_FUNCTIONS:
            raise ExpressionError(f"'{node.id}' is a function: call it with one argument, like {node.id}(x)",
                                  src.node_column(node))
        if src.segment(node) != node.id:
            raise ExpressionError(f"the name '{src.segment(node)}' is not allowed: use plain letters, digits and _",
                                  src.node_column(node))
        return ()
    if isinstance(node, ast.Constant):
        value = node.value
        if type(value) in (int, float):
            return ()
        if isinstance(value, complex):
            message = "complex numbers ('j') are not allowed"
        elif isinstance(value, (str, bytes)):
            message = "text strings are not allowed"
        else:
            message = f"'{value!r}' is not allowed: only numbers, variables and pi, e"
        raise ExpressionError(message, src.node_column(node))
    if isinstance(node, ast.UnaryOp):
        op = type(node.op)
        if op in _FORBIDDEN_UNARY:
            raise ExpressionError(f"{_FORBIDDEN_UNARY[op]} is not allowed", src.node_column(node))
        return (node.operand,)
    if isinstance(node, ast.Call):
        func = node.func
        if not isinstance(func, ast.Name):
            if isinstance(func, (ast.Attribute, ast.Subscript)):
                node = _innermost_access(func)
                return _children(node, src)  # raises for the access
            raise ExpressionError(f"only the functions {_FUNCTION_LIST} can be called", src.node_column(node))
        name = func.id
        if name not in ALLOWED_FUNCTIONS:
            if name in CONSTANTS:
                raise ExpressionError(f"'{name}' is a constant, not a function", src.node_column(func))
            raise ExpressionError(f"unknown function '{name}' (allowed: {_FUNCTION_LIST})", src.node_column(func))
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise ExpressionError("unpacking ('*') is not allowed", src.node_column(arg))
        if node.keywords:
            raise ExpressionError(f"{name}() takes one plain argument, not a keyword argument",
                                  src.node_column(node.keywords[0].value))
        if len(node.args) != 1:
            raise ExpressionError(f"{name}() takes exactly one argument ({len(node.args)} given)",
                                  src.node_column(node))
        return (node.args[0],)
    if isinstance(node, (ast.Attribute, ast.Subscript)):
        node = _innermost_access(node)
    kind = type(node).__name__
    message = _FORBIDDEN_NODES.get(kind, f"{kind} expressions are not allowed")
    if kind == "Attribute":
        column = src.column_of(".", node.value, node)  # type: ignore[attr-defined]
    elif kind == "Subscript":
        column = src.column_of("[", node.value, node)  # type: ignore[attr-defined]
    else:
        column = src.node_column(node)
    raise ExpressionError(message, column)


def _constant_value(node: ast.expr, known: dict[int, float | None]) -> float | None:
    """The value of a sub-expression without variables (float arithmetic only), or None if it has variables."""
    if isinstance(node, ast.Constant):
        return numerics.to_float(node.value)
    if isinstance(node, ast.Name):
        return CONSTANTS.get(node.id)
    if isinstance(node, ast.UnaryOp):
        x = known[id(node.operand)]
        return None if x is None else (-x if isinstance(node.op, ast.USub) else x)
    if isinstance(node, ast.BinOp):
        a, b = known[id(node.left)], known[id(node.right)]
        if a is None or b is None:
            return None
        op = type(node.op)
        if op is ast.Add:
            return a + b
        if op is ast.Sub:
            return a - b
        if op is ast.Mult:
            return a * b
        if op is ast.Div:
            return numerics.div(a, b)
        return numerics.power(a, b)
    if isinstance(node, ast.Call):
        x = known[id(node.args[0])]
        return None if x is None else getattr(numerics, node.func.id)(x)  # type: ignore[attr-defined]
    return None


def parse_checked(text: str) -> Parsed:
    """Parse and validate; returns the tree with its source and pre-order node list. Raises ExpressionError.

    A slider asks for the same expression at every step, so the last few parses are kept (a Parsed is never changed
    after it is made, so sharing one is safe; a refusal is raised again each time, never kept)."""
    if not isinstance(text, str):
        raise ExpressionError(f"an expression must be text (str), not {type(text).__name__}")
    return _parse(text)


@functools.lru_cache(maxsize=128)
def _parse(text: str) -> Parsed:
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is too long: {len(text)} characters (the limit is {MAX_LENGTH})")
    stripped = text.lstrip()
    if not stripped:
        raise ExpressionError("the expression is empty")
    shift = len(text) - len(stripped)
    _check_brackets(text)
    src = _Source(stripped, shift)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(stripped, mode="eval")
    except SyntaxError as err:
        message = err.msg or "invalid syntax"
        if "null bytes" in message:
            raise ExpressionError("the expression contains a null character") from None
        column = src.char_column(err.lineno, err.offset)
        if column is not None and text[column - 1:column] == "=" and text[column:column + 1] != "=":
            message += " (assignment '=' is not allowed: write an expression only)"
        raise ExpressionError(f"syntax error: {message}", column) from None
    except (RecursionError, MemoryError):
        raise ExpressionError("the expression is nested too deeply") from None
    except ValueError:  # Python 3.11: "source code string cannot contain null bytes"
        raise ExpressionError("the expression contains a null character") from None

    nodes: list[ast.expr] = []
    stack: list[tuple[ast.expr, int]] = [(tree.body, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExpressionError(f"the expression is nested too deeply (more than {MAX_DEPTH} levels)",
                                  src.node_column(node))
        nodes.append(node)
        if len(nodes) > MAX_NODES:
            raise ExpressionError(f"the expression is too big: more than {MAX_NODES} parts", src.node_column(node))
        children = _children(node, src)
        for child in reversed(children):
            stack.append((child, depth + 1))

    known: dict[int, float | None] = {}
    for node in reversed(nodes):  # children before parents
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            exponent = known[id(node.right)]
            if exponent is not None and abs(exponent) > MAX_EXPONENT:  # nan is let through: it only gives nan
                shown = numerics.number_text(exponent) if math.isfinite(exponent) else str(exponent)
                raise ExpressionError(f"the exponent {shown} is too large (the limit is {MAX_EXPONENT:g} either way)",
                                      src.node_column(node.right))
        known[id(node)] = _constant_value(node, known)
    return Parsed(tree, src, nodes)


def parse(text: str) -> ast.Expression:
    """Parse and validate an expression; returns the ``ast.Expression`` tree. Raises ExpressionError."""
    return parse_checked(text).tree


def variables(text: str) -> list[str]:
    """The variable names of an expression, in order of first appearance (constants pi and e excluded)."""
    return parse_checked(text).variables()
