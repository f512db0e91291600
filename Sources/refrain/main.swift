print("refrain: command-line interface under construction")
