using System.Collections.Generic;
using SupplyChainTools.Core;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>The base of the three baseline cmdlets: folders and baseline files resolved by the module's one set of path rules.</summary>
    public abstract class BaselineCmdlet : SupplyChainCmdlet
    {
        internal static string ModuleVersion => typeof(BaselineCmdlet).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

        protected override string FileSystemOnlyReason => "baselines and the folders they record are on the file system";

        /// <summary>The install folders that -Path (wildcards) or -LiteralPath name; an error for each input that is not one.</summary>
        internal List<string> ResolveInstallFolders(IEnumerable<string> inputs, bool literal) =>
            ResolveFolders(inputs, literal, "a baseline records folders (the software's install folders)");

        /// <summary>A baseline file or its output path, taken literally, on the FileSystem provider; stops the cmdlet otherwise.</summary>
        internal string ResolveBaselinePath(string input) => ResolveInputFilePath(input, ErrorIds.PathNotFound)!;

        /// <summary>A single folder argument; null, with the error written, when it is on another provider.</summary>
        internal string? ResolveFolderArgument(string input) => ResolveInputFilePath(input, ErrorIds.PathNotFound, stop: false);
    }
}
