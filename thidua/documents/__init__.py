"""The national document format (Decree 30/2020): templates, fonts, numbering series, HTML → stored PDF."""
