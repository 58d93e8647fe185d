using System;
using System.IO;
using System.Management.Automation;
using System.Threading;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Catalogs;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Infrastructure
{
    internal static class CatalogCmdletSupport
    {
        /// <summary>Opens and verifies a catalog once for the whole run; a catalog that cannot be read stops the cmdlet.</summary>
        public static CatalogVerifier OpenCatalog(SupplyChainCmdlet cmdlet, AuthenticodeVerifier verifier, string catalogPath, CancellationToken cancellationToken)
        {
            string resolved = cmdlet.ResolveInputFilePath(catalogPath, ErrorIds.CatalogNotFound)!;
            try
            {
                return new CatalogVerifier(verifier, resolved, cancellationToken);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException || ex is NotARegularFileException || ex is InputFileTooLargeException)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.ForInputFile(ex, resolved, ErrorIds.CatalogNotFound, catalogPath));
                throw;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new IOException($"The catalog file '{resolved}' could not be read: {ex.Message}", ex),
                    ErrorIds.CatalogUnreadable,
                    ErrorCategory.ReadError,
                    catalogPath));
                throw;
            }
        }
    }
}
