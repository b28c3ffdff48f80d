"""The satisfaction survey (SKM) and the complaint register."""
