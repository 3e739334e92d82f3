"""What may be shown: escaping for terminals, masking of people, the shapes of credentials."""
