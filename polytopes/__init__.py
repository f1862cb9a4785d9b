"""Generic exact polyhedral cones: H/V representations, LP certificates, symmetry."""
