"""Storage: engine and sessions (``db``), ORM tables (``models``), ordered migrations
(``migrations``), the queries (``repository``) and a dependency-light read path (``fastread``)."""
