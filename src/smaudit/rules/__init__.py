"""The condition language: declarative checks compiled once into plain Python predicates."""

from smaudit.rules.compiler import CompileError, compile_check
from smaudit.rules.nodes import Node, Trace

__all__ = ["CompileError", "Node", "Trace", "compile_check"]
