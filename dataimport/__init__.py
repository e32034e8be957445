"""Imports of organisation data from Excel and CSV (数据导入): the staff roster, posts, the information-system
catalogue. Domains register importers (dataimport.registry); this app reads the file (tablib over openpyxl), keeps a
dry-run preview, writes on HR's confirmation in one transaction, and audits every step."""
