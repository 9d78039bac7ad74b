using Hangfire;
using Hangfire.Dashboard;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Staff;

namespace ParSurvey.SurveyApi.Jobs;

public static class JobsDashboard
{
    public const string Path = "/admin/jobs";

    /// <summary>Hangfire's dashboard at /admin/jobs, for administrators only: the route's policy and Hangfire's own filter both check.</summary>
    public static IEndpointRouteBuilder MapJobsDashboard(this IEndpointRouteBuilder routes)
    {
        routes.MapHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [new AdminsOnly()],
            AppPath = "/",
            DashboardTitle = "ParSurvey – Công việc nền / Jobs",
            DisplayStorageConnectionString = false,
        }).RequireAuthorization(Policies.Admin);
        return routes;
    }

    /// <summary>Signed-in staff with the admin role; anyone else gets 401 (not signed in) or 403 from Hangfire.</summary>
    public sealed class AdminsOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var user = context.GetHttpContext().User;
            return user.KindOf() == ParSurveyClaims.StaffKind && user.RoleOf() == Roles.Admin;
        }
    }
}
