"""A quicker `__init__` for the frozen, slotted dataclasses a search builds by the dozen."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")


def quick_init(cls: type[T]) -> type[T]:
    """Give a frozen dataclass with slots an `__init__` that sets each slot through its descriptor.

    The `__init__` dataclasses writes for a frozen class sets each field with
    `object.__setattr__(self, name, value)`, which looks the name up on the type first: about
    0.15 µs a field in Python 3.11, 0.8 µs for five fields where the slots' own setters take
    0.3 µs. A search builds some 300 fields' worth of them (results, matches, asks). The
    arguments, their defaults and what the instance holds stay exactly as dataclasses makes them;
    the class stays frozen. A class this does not cover (a `__post_init__`, a field
    left out of `__init__` or keyword-only) is refused.
    """
    if not (
        dataclasses.is_dataclass(cls)
        and cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
        and "__slots__" in cls.__dict__
    ):
        raise TypeError(f"{cls.__name__} is not a frozen dataclass with slots")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} has a __post_init__")
    fields = dataclasses.fields(cls)
    if any(not f.init or f.kw_only for f in fields):
        raise TypeError(f"{cls.__name__} has a field that is not a plain argument")
    namespace: dict[str, Any] = {"MISSING": dataclasses.MISSING, "__name__": cls.__module__}
    parameters, body = [], []
    for number, f in enumerate(fields):
        setter, value = f"_set{number}", f.name
        namespace[setter] = cls.__dict__[f.name].__set__
        if f.default is not dataclasses.MISSING:
            namespace[f"_default{number}"] = f.default
            parameters.append(f"{f.name}=_default{number}")
        elif f.default_factory is not dataclasses.MISSING:
            namespace[f"_factory{number}"] = f.default_factory
            parameters.append(f"{f.name}=MISSING")
            value = f"_factory{number}() if {f.name} is MISSING else {f.name}"
        else:
            parameters.append(f.name)
        body.append(f"    {setter}(self, {value})")
    source = f"def __init__(self, {', '.join(parameters)}):\n" + "\n".join(body or ["    pass"])
    exec(source, namespace)  # noqa: S102 - our own field names, as dataclasses does itself
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = dict(cls.__init__.__annotations__)
    cls.__init__ = init  # type: ignore[method-assign]
    return cls
