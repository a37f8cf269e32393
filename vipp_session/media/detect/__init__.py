"""What the scan looks and listens for: faces (and which way they turn), smiles, and
bursts of voice. Each detector takes pictures or sound and returns plain findings."""
