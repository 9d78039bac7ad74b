using Microsoft.AspNetCore.SignalR;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Staff;

namespace ParSurvey.SurveyApi.Board;

/// <summary>
/// The wall boards' hub. Thin on purpose: it checks the caller may see the unit, joins the unit's group and hands out
/// a snapshot; <see cref="LiveBoard"/> computes, <see cref="BoardBroadcaster"/> pushes updates.
/// </summary>
public sealed class BoardHub(LiveBoard board, CatalogProvider catalogs, BoardAudience audience) : Hub<IBoardClient>
{
    private const string GroupKey = "board-group";

    /// <param name="unitId">The unit to watch, with its sub-units; empty for a supervisor's own unit or, for reporters and admins, the whole city.</param>
    public async Task<BoardSnapshot> Subscribe(string? unitId)
    {
        var user = Context.User!;
        var catalog = catalogs.Current;
        var (unit, verdict) = UnitScope.Of(user, unitId, catalog);
        // A HubException's message reaches the wall screen, which shows it as it is: one plain Vietnamese sentence.
        if (verdict == UnitScopeVerdict.UnknownUnit) throw new HubException($"Danh mục không có đơn vị có mã “{unit}”.");
        if (verdict == UnitScopeVerdict.Forbidden)
            throw new HubException(unit is null
                ? "Tài khoản này chỉ xem được bảng của đơn vị mình."
                : $"{catalog.FindUnit(unit)!.Name} không thuộc phạm vi tài khoản này.");

        var group = BoardGroups.For(unit);
        // Counted before joining, so no push made from here on leaves this board out.
        audience.Watch(group);
        if (Context.Items.TryGetValue(GroupKey, out var previous) && previous is string old)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, old);
            audience.Unwatch(old);
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
        Context.Items[GroupKey] = group;
        return board.Snapshot(unit);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(GroupKey, out var watched) && watched is string group) audience.Unwatch(group);
        return base.OnDisconnectedAsync(exception);
    }
}
