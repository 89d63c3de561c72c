"""Getting documents to printers: raw TCP to port 9100 and the CUPS ``lp`` command."""
