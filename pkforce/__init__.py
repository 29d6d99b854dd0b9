"""pkforce: model, validate, simulate and chart collective peacekeeping forces."""
__version__ = "0.1.0"
