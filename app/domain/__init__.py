"""Pure rules and types of the work: no Qt, no SQL."""
