"""Attachments: files carried by any record (scanned certificates, approval letters), served only through views."""
