import MPTutorCore

MPTutorCommand.main()
