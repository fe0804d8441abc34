"""Versioned rules over the titles, eligibility, award history, nominations and decisions."""
