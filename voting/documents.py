"""The data the voting app's printed documents show, frozen: the vote-count minutes (BB) and the numbered paper
ballots. (Placeholder: filled in by the documents work.)"""

MINUTES_TEMPLATE = "documents/vote_minutes.html"
PAPERS_TEMPLATE = "documents/ballot_papers.html"
MINUTES_KIND = "voting.minutes"
PAPERS_KIND = "voting.papers"
COUNCIL_CODE = "HĐTĐKT"
MAX_PAPERS = 500
