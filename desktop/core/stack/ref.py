"""``Ref``: the one way to name a part of the stack, written ``kind:id``.

``layer:network``, ``component:gpu``, ``seam:0-1``, ``osi:3``, ``tcpip:transport``, and the
view-only ``lens:ID/N`` (a lens's band). A ``Ref`` is a ``str`` so it works as a dict key, in
YAML and on a command line unchanged; building one through these constructors means no module
spells the format by hand.
"""
from __future__ import annotations

KINDS = ("layer", "component", "seam", "osi", "tcpip", "lens")


class Ref(str):
    __slots__ = ()

    def __new__(cls, kind: str, ident: object | None = None) -> Ref:
        if ident is None:  # Ref("component:gpu")
            kind, sep, rest = str(kind).partition(":")
            if not sep or not rest:
                raise ValueError(f"a reference is written KIND:ID, found '{kind}'")
            ident = rest
        if kind not in KINDS:
            raise ValueError(f"unknown kind '{kind}' (known: {', '.join(KINDS)})")
        return super().__new__(cls, f"{kind}:{ident}")

    @property
    def kind(self) -> str:
        return self.partition(":")[0]

    @property
    def id(self) -> str:
        return self.partition(":")[2]

    # constructors, one per kind ---------------------------------------------------------
    @classmethod
    def layer(cls, ident: str) -> Ref:
        return cls("layer", ident)

    @classmethod
    def component(cls, ident: str) -> Ref:
        return cls("component", ident)

    @classmethod
    def seam(cls, lower: int, upper: int | None = None) -> Ref:
        return cls("seam", f"{lower}-{lower + 1 if upper is None else upper}")

    @classmethod
    def osi(cls, number: int) -> Ref:
        return cls("osi", number)

    @classmethod
    def tcpip(cls, ident: str) -> Ref:
        return cls("tcpip", ident)

    @classmethod
    def lens_band(cls, lens_id: str, index: int) -> Ref:
        return cls("lens", f"{lens_id}/{index}")


def seams_between(a: int, b: int) -> tuple[Ref, ...]:
    """The seams a move between layers ``a`` and ``b`` crosses, bottom first."""
    low, high = sorted((a, b))
    return tuple(Ref.seam(n) for n in range(low, high))
