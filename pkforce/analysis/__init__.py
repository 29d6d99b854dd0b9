"""The analyst's workbench: sweeps of variants, comparison of scenarios, the force as a graph.

The functions are public as ``pkforce.sweep``, ``pkforce.compare`` and ``pkforce.graph``; the modules
live here so that importing one never replaces the function of the same name on the package (see
"Module names never shadow the API" in docs/design.md).
"""
