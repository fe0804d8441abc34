"""Year-end conferences: attendance, ballot sessions, ballots, counting, minutes and the summary report."""
