"""Cross-cutting helpers shared by every app: Vietnamese search and sorting, audit context, paging."""
