"""Charts: org, composition, build-up and procedure timelines."""
