"""Excel import and export, without Qt or the database: reading sheets, finding headers, mapping
columns, cleaning values, grouping rows into households, and writing reports and ledgers."""
