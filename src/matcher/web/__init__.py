"""Web blueprints, one per audience: public (residents), api."""
