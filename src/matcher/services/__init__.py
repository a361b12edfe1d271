"""Services: join the database and the domain for the web pages, the API and the command line."""
