"""Entropy cones: spaces, inequalities, models, proofs, catalogue, exports, CLI."""
