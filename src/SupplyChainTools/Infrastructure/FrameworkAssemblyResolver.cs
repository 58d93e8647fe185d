#if !NET
using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>
    /// Windows PowerShell 5.1 runs on .NET Framework, which binds assembly versions exactly and gives a module no
    /// binding redirects. The packages the module ships for net462 (System.Memory, System.Formats.Asn1, ...) ask
    /// for different versions of each other; this resolver answers any version request for them with the copy
    /// the module ships, from its own bin folder. It is compiled only into the net462 build.
    /// </summary>
    public sealed class FrameworkAssemblyResolver : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string BinFolder = Path.GetDirectoryName(typeof(FrameworkAssemblyResolver).Assembly.Location) ?? ".";

        private static readonly HashSet<string> ShippedAssemblies = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "SupplyChainTools.Core",
            "System.Buffers",
            "System.Formats.Asn1",
            "System.Memory",
            "System.Numerics.Vectors",
            "System.Runtime.CompilerServices.Unsafe",
            "System.ValueTuple",
            "System.Text.Json",
            "System.Text.Encodings.Web",
            "Microsoft.Bcl.AsyncInterfaces",
            "System.Threading.Tasks.Extensions",
        };

        public void OnImport()
        {
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            string? name = new AssemblyName(args.Name).Name;
            if (name == null || !ShippedAssemblies.Contains(name))
            {
                return null;
            }

            string path = Path.Combine(BinFolder, name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
#endif
