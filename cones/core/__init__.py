"""What every family shares: the EntropyCone bounds object, the sandwich algorithm, the outer
cones, the catalogue (family registry), named inequality families, certificate kinds,
serialization of cones, and what the realisers of every model share."""

from cones import _lazy

_lazy.install(__name__, {
    "bounds": ["EntropyCone"],
    "catalogue": ["build", "builder", "families", "known_names", "register_family"],
    "outer": ["holographic_outer_cone", "shannon_cone", "ssa_cone", "subadditivity_cone"],
    "sandwich": ["SandwichFamily", "tighten"],
    "certificate_kinds": ["certificate_from_json", "certificate_to_json", "register_certificate_kind", "verify_certificate"],
    "realisation": ["ModelRealisation", "NotFound", "checked_ray"],
    "serialization": ["entropy_cone_from_json", "entropy_cone_to_json"],
})
