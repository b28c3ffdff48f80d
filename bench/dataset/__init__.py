"""The generated data set: offices and people, consultations and their histories, written in
bulk."""
