from srrtui.cli import main

raise SystemExit(main())
