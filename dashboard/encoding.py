"""Dash components built and encoded at a fraction of the cost, byte for byte as Dash's own.

Every live answer is a tree of thousands of components (600 OPD rows, the ranking's top
rows with their spreads), and Dash turns each into JSON through Component.to_plotly_json,
which asks every one of the class's 20-odd property names with hasattr and scans every
attribute against the wildcard prefixes: about two thirds of the encoding of a national
page. A component's properties are exactly the attributes its constructor set, so the
same dictionary comes from its few attributes, ordered as the class lists its properties,
then its data-*/aria-* attributes as they were set: the same JSON, keys in the same order.

install() puts that method on Component (once per process, from create_app);
tests/test_encoding.py holds it equal to Dash's own on every page's content.

quick() builds a component for the rows of a large table (600 OPDs, the ranking's top
rows): Dash's generated constructors copy four lists of property names into every
instance and format an error message for each argument before checking it (8 µs a
component; a national page builds thousands). quick() gives the instance the same
attributes (the lists shared, as nothing changes them), with the same checks: known
property names, no component but in `children`. The result is an instance of the class
itself, equal in every attribute to what the constructor makes.
"""

from __future__ import annotations

from typing import Any, TypeVar

from dash.development.base_component import Component

C = TypeVar("C", bound=Component)
# Per component class: the attributes every instance carries (its property names' lists).
_TEMPLATES: dict[type, tuple[dict[str, Any], frozenset[str], tuple[str, ...]]] = {}

DASH_TO_PLOTLY_JSON = Component.to_plotly_json
# Per component class: its property names' positions and its wildcard prefixes. Generated
# classes list the same names on every instance (their constructors set the lists).
_SHAPES: dict[type, tuple[dict[str, int], tuple[str, ...]]] = {}


def _shape(component: Component) -> tuple[dict[str, int], tuple[str, ...]]:
    kind = type(component)
    shape = _SHAPES.get(kind)
    if shape is None:
        names = {name: n for n, name in enumerate(component._prop_names)}
        if any(hasattr(kind, name) for name in names):
            # A property the class itself defines would be in Dash's JSON without being an
            # attribute of the instance: such a class keeps Dash's own method (none today).
            names = {}
        shape = _SHAPES[kind] = (names, tuple(getattr(component, "_valid_wildcard_attributes", ())))
    return shape


def to_plotly_json(self: Component) -> dict[str, Any]:
    """Return what Dash's Component.to_plotly_json returns, from the attributes set."""
    names, wildcards = _shape(self)
    if not names:
        return DASH_TO_PLOTLY_JSON(self)
    attributes = self.__dict__
    given = [name for name in attributes if name in names]
    if len(given) > 1:
        given.sort(key=names.__getitem__)
    props = {name: attributes[name] for name in given}
    if wildcards:
        for name, value in attributes.items():
            if name not in names and name.startswith(wildcards):
                props[name] = value
    return {"props": props, "type": self._type, "namespace": self._namespace}


def install() -> None:
    """Make every component encode itself the fast way (idempotent, process-wide)."""
    Component.to_plotly_json = to_plotly_json  # type: ignore[method-assign]


def quick(kind: type[C], children: Any = None, **props: Any) -> C:
    """Return kind(children, **props), built without copying its lists per instance."""
    template = _TEMPLATES.get(kind)
    if template is None:
        sample = kind()
        shared = {
            name: value
            for name, value in sample.__dict__.items()
            if name not in sample._prop_names  # its lists, not the props given (children)
        }
        wildcards = tuple(sample._valid_wildcard_attributes)
        template = _TEMPLATES[kind] = (shared, frozenset(sample._prop_names), wildcards)
    shared, names, wildcards = template
    for name, value in props.items():
        if name not in names and not (wildcards and name.startswith(wildcards)):
            raise TypeError(f"{kind.__name__} received an unexpected keyword argument: `{name}`")
        if isinstance(value, Component):
            raise TypeError(f"{kind.__name__}: a component for the prop `{name}`, not children")
    component = kind.__new__(kind)
    attributes = component.__dict__
    attributes.update(shared)
    attributes["children"] = children
    attributes.update(props)
    return component
