print("mptutor")
