"""The organization: units (a tree), clusters and their yearly terms, people, and user roles scoped to units."""
