using Supawatch.Cli;

return await SupawatchCli.Create().Parse(args).InvokeAsync();
