"""The approval engine: chains of steps computed from admin-editable rules, used by every domain."""
