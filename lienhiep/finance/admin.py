"""Budgets and spending are kept through the app's pages; nothing of finance needs Django's admin yet."""
