"""The catalogue of emulation titles and forms of commendation that every app names titles from."""
