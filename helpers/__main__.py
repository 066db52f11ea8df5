from helpers.tooling.cli import main

raise SystemExit(main())
