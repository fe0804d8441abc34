"""The summary report (Báo cáo tổng kết, BC) of a cluster term and of the whole ministry: figures, narrative, PDF."""
