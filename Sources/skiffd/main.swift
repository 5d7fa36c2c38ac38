print("skiffd")
