"""The front door: each role's dashboard and the main navigation, composed from every app.

This is the one place that depends on all domain apps; core stays free of them.
"""
