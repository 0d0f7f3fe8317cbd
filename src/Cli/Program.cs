using System.CommandLine;
using IomapModel.Cli;

// The iomapmodel command: each verb lives in its own file and is only listed here.
var root = new RootCommand("IomapModel: the FUSE iomap extent cache as a replayable model")
{
    ReplayVerb.Create(),
    MapVerb.Create(),
    ConformVerb.Create(),
    ImportVerb.Create(),
    TracepointsVerb.Create(),
    CaptureVerb.Create(),
    ShowVerb.Create(),
};
return root.Parse(args).Invoke();
