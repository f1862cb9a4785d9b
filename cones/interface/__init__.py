"""What users call: the results store, cone comparison, row exports and paper tables, the CLI."""

from cones import _lazy

_lazy.install(__name__, {
    "store": ["Codec", "Store", "build", "cached_build", "default_store"],
    "compare": ["Comparison", "compare"],
    "exports": ["export_cone", "export_rows", "import_rows"],
    "paper": ["facet_orbits", "to_latex", "to_markdown", "to_csv"],
})
