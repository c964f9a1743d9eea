"""Small widgets the wizard's steps share."""
