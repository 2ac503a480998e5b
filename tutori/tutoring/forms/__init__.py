"""Forms of the tutoring app, one module per kind of thing. They validate input; services do
the writing."""
