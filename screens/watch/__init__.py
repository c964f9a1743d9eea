"""``srrtui watch``: the dashboard of replication rules, a rule's details, its diff, stopping it."""
