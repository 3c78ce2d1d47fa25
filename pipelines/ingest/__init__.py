"""Landing -> raw/quarantine loading, driven by the source contracts."""
